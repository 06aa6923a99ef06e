package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
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

    private final DirectExpressions direct;

    CachedExpressions(@Nullable BeanFactory beanFactory, @Nullable ClassLoader classLoader) {
        SpelParserConfiguration configuration = new SpelParserConfiguration(SpelCompilerMode.MIXED, classLoader);
        this.parser = new SpelExpressionParser(configuration);
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
        this.direct = new DirectExpressions(shared, configuration.getMaximumOperations());
    }

    /** The parameters of a method as expressions name them; found once per method. */
    MethodArguments arguments(Method method) {
        return MethodArguments.of(method, this.parameterNames);
    }

    /**
     * Parses and checks one expression, and builds its direct form where it has one (see {@link DirectExpressions}).
     * @param where the annotation and method, e.g. {@code @Cached on ProductController.product(long)}
     * @param attribute the attribute that holds the expression, e.g. {@code key}
     */
    CacheExpression parse(String where, String attribute, String text, MethodArguments arguments,
            boolean resultAllowed) {
        Expression expression;
        try {
            expression = this.parser.parseExpression(text);
        }
        catch (ParseException ex) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text
                    + "' is not a valid SpEL expression: " + ex.getSimpleMessage(),
                    "Correct the expression, e.g. key = \"#id\" or key = \"'sku:' + #sku\".", ex);
        }
        DirectExpression direct = null;
        if (expression instanceof SpelExpression spel) {
            check(spel.getAST(), where, attribute, text, arguments, resultAllowed);
            direct = this.direct.of(spel.getAST(), arguments);
        }
        return new CacheExpression(expression, direct, arguments, this.shared);
    }

    /**
     * The index of the argument that an expression of the form {@code #name}, {@code #p0} or {@code #a0} stands
     * for, or -1 if the expression is anything else. Such keys skip SpEL on every call.
     */
    static int argumentIndex(String text, MethodArguments arguments) {
        String trimmed = text.trim();
        return trimmed.startsWith("#") ? arguments.indexOf(trimmed.substring(1)) : -1;
    }

    /**
     * The resolvers, accessors, converters and type locator that every call's {@link CallContext} uses: built
     * once, so that what they learn (which method or property a node resolves to) serves all later calls.
     */
    StandardEvaluationContext shared() {
        return this.shared;
    }

    private void check(SpelNode node, String where, String attribute, String text, MethodArguments arguments,
            boolean resultAllowed) {
        if (node instanceof VariableReference) {
            checkVariable(node.toStringAST().substring(1), where, attribute, text, arguments, resultAllowed);
        }
        else if (node instanceof BeanReference) {
            checkBean(node.toStringAST().substring(1), where, attribute, text);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            check(node.getChild(i), where, attribute, text, arguments, resultAllowed);
        }
    }

    /**
     * Checks a variable against the method's parameters. Positions come first here: {@code #p1} of a method with one
     * parameter is refused even if that parameter is named {@code p1}.
     */
    private static void checkVariable(String name, String where, String attribute, String text,
            MethodArguments arguments, boolean resultAllowed) {
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
        int index = MethodArguments.position(name);
        if (index >= 0) {
            if (index >= arguments.count()) {
                throw new CacheConfigurationException(problem + ", but the method has " + arguments.count()
                        + " parameter(s)", "Number arguments from 0: #p0 is the first.");
            }
            return;
        }
        if (arguments.names() == null) {
            throw new CacheConfigurationException(problem + ", but the parameter names of "
                    + arguments.method().getDeclaringClass().getName() + " were not compiled into it",
                    "Compile with the -parameters flag (Spring Boot's Maven and Gradle plugins set it), or refer to "
                            + "arguments by position: #p0, #p1, ...");
        }
        if (arguments.indexOf(name) < 0) {
            throw new CacheConfigurationException(problem + ", which is not a parameter (parameters: "
                    + arguments.describeNames() + ")", "Use one of the parameter names, or #p0, #p1, ... by position.");
        }
    }

    private void checkBean(String name, String where, String attribute, String text) {
        String bean = name.startsWith("&") ? name.substring(1) : name;
        if (this.beanFactory != null && !this.beanFactory.containsBean(bean)) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text + "' refers to bean '"
                    + bean + "', which does not exist", "Define that bean, or correct its name.");
        }
    }
}
