package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.expression.spel.support.StandardTypeLocator;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Parses, checks and evaluates the SpEL expressions of cache annotations. Every expression is parsed and checked
 * once, when the application starts: a syntax error, a variable that is not a parameter, {@code #result} outside
 * {@code unless}, or a {@code @bean} that does not exist stops the start with a message naming the method.
 */
final class CachedExpressions {

    static final String RESULT = "result";

    private final SpelExpressionParser parser;

    private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    private final @Nullable BeanFactory beanFactory;

    private final StandardEvaluationContext shared;

    CachedExpressions(@Nullable BeanFactory beanFactory, @Nullable ClassLoader classLoader) {
        this.parser = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, classLoader));
        this.beanFactory = beanFactory;
        StandardEvaluationContext shared = new StandardEvaluationContext();
        if (beanFactory != null) {
            shared.setBeanResolver(new BeanFactoryResolver(beanFactory));
        }
        if (classLoader != null) {
            shared.setTypeLocator(new StandardTypeLocator(classLoader));
        }
        shared.setMethodResolvers(List.of(new AccessorMethodResolver()));
        // Each list is made on first use: make them now, before calls on many threads share them.
        shared.getPropertyAccessors();
        shared.getIndexAccessors();
        shared.getConstructorResolvers();
        shared.getMethodResolvers();
        shared.getTypeLocator();
        shared.getTypeConverter();
        this.shared = shared;
    }

    /** The names of the method's parameters, or {@code null} when they were not compiled in. */
    @Nullable String[] parameterNames(Method method) {
        return this.parameterNames.getParameterNames(method);
    }

    /**
     * Parses and checks one expression.
     * @param where the annotation and method, e.g. {@code @Cached on ProductController.product(long)}
     * @param attribute the attribute that holds the expression, e.g. {@code key}
     */
    Expression parse(String where, String attribute, String text, Method method, boolean resultAllowed) {
        Expression expression;
        try {
            expression = this.parser.parseExpression(text);
        }
        catch (ParseException ex) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text
                    + "' is not a valid SpEL expression: " + ex.getSimpleMessage(),
                    "Correct the expression, e.g. key = \"#id\" or key = \"'sku:' + #sku\".", ex);
        }
        if (expression instanceof SpelExpression spel) {
            check(spel.getAST(), where, attribute, text, method, resultAllowed);
        }
        return expression;
    }

    /**
     * The index of the argument that an expression of the form {@code #name}, {@code #p0} or {@code #a0} stands
     * for, or -1 if the expression is anything else. Such keys skip SpEL on every call.
     */
    int argumentIndex(String text, Method method) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("#")) {
            return -1;
        }
        String name = trimmed.substring(1);
        // Parameter names first, as in CallContext: a parameter named p1 is that parameter.
        @Nullable String[] names = parameterNames(method);
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (name.equals(names[i])) {
                    return i;
                }
            }
        }
        int index = indexedArgument(name);
        return (index < method.getParameterCount()) ? index : -1;
    }

    /**
     * The resolvers, accessors, converters and type locator that every call's {@link CallContext} uses: built
     * once, so that what they learn (which method or property a node resolves to) serves all later calls.
     */
    StandardEvaluationContext shared() {
        return this.shared;
    }

    /** The index of {@code p0}, {@code a1} and the like, or -1 for any other name. */
    static int indexedArgument(String name) {
        int length = name.length();
        if (length < 2 || length > 10 || (name.charAt(0) != 'p' && name.charAt(0) != 'a')) {
            return -1;
        }
        int index = 0;
        for (int i = 1; i < length; i++) {
            char digit = name.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            index = index * 10 + (digit - '0');
        }
        return index;
    }

    private void check(SpelNode node, String where, String attribute, String text, Method method,
            boolean resultAllowed) {
        if (node instanceof VariableReference) {
            checkVariable(node.toStringAST().substring(1), where, attribute, text, method, resultAllowed);
        }
        else if (node instanceof BeanReference) {
            checkBean(node.toStringAST().substring(1), where, attribute, text);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            check(node.getChild(i), where, attribute, text, method, resultAllowed);
        }
    }

    private void checkVariable(String name, String where, String attribute, String text, Method method,
            boolean resultAllowed) {
        if (name.equals("root") || name.equals("this")) {
            return;
        }
        String problem = where + ": " + attribute + " '" + text + "' refers to #" + name;
        if (name.equals(RESULT)) {
            if (!resultAllowed) {
                throw new CacheConfigurationException(problem + ", but #result exists only in unless",
                        "Use #result in unless only; key and condition are evaluated before the method runs.");
            }
            return;
        }
        int index = indexedArgument(name);
        if (index >= 0) {
            if (index >= method.getParameterCount()) {
                throw new CacheConfigurationException(problem + ", but the method has " + method.getParameterCount()
                        + " parameter(s)", "Number arguments from 0: #p0 is the first.");
            }
            return;
        }
        @Nullable String[] names = parameterNames(method);
        if (names == null) {
            throw new CacheConfigurationException(problem + ", but the parameter names of "
                    + method.getDeclaringClass().getName() + " were not compiled into it",
                    "Compile with the -parameters flag (Spring Boot's Maven and Gradle plugins set it), or refer to "
                            + "arguments by position: #p0, #p1, ...");
        }
        if (!List.of(names).contains(name)) {
            throw new CacheConfigurationException(problem + ", which is not a parameter (parameters: "
                    + describe(names) + ")", "Use one of the parameter names, or #p0, #p1, ... by position.");
        }
    }

    private void checkBean(String name, String where, String attribute, String text) {
        String bean = name.startsWith("&") ? name.substring(1) : name;
        if (this.beanFactory != null && !this.beanFactory.containsBean(bean)) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text + "' refers to bean '"
                    + bean + "', which does not exist", "Define that bean, or correct its name.");
        }
    }

    private static String describe(@Nullable String[] names) {
        List<String> described = new ArrayList<>();
        for (String name : names) {
            described.add("#" + name);
        }
        return described.isEmpty() ? "none" : String.join(", ", described);
    }
}
