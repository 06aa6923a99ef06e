package dev.beryl.cache.spring.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Parameter types that cannot be part of a default key. Named, not referenced, so that none of these libraries
 * needs to be on the classpath.
 */
final class UnkeyableTypes {

    private static final String REQUEST = "stands for a request, a response or a stream, not a value";

    private static final String HEADERS = "carries HTTP headers that its JSON leaves out (Authorization and Cookie "
            + "among them), so requests of different users would share an entry";

    private static final String CALLER = "stands for the caller, whose JSON holds credentials and session details "
            + "rather than a stable identity";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("jakarta.servlet.ServletRequest", REQUEST), Map.entry("jakarta.servlet.ServletResponse", REQUEST),
            Map.entry("jakarta.servlet.http.HttpSession", REQUEST), Map.entry("java.io.InputStream", REQUEST),
            Map.entry("java.io.OutputStream", REQUEST), Map.entry("java.io.Reader", REQUEST),
            Map.entry("java.io.Writer", REQUEST), Map.entry("java.nio.channels.Channel", REQUEST),
            Map.entry("java.util.stream.BaseStream", REQUEST), Map.entry("java.util.Iterator", REQUEST),
            Map.entry("java.util.function.Supplier", REQUEST), Map.entry("java.util.function.Function", REQUEST),
            Map.entry("java.util.function.Consumer", REQUEST), Map.entry("org.springframework.ui.Model", REQUEST),
            Map.entry("org.springframework.ui.ModelMap", REQUEST),
            Map.entry("org.springframework.validation.Errors", REQUEST),
            Map.entry("org.springframework.web.context.request.WebRequest", REQUEST),
            Map.entry("org.springframework.web.multipart.MultipartFile", REQUEST),
            Map.entry("org.springframework.web.server.ServerWebExchange", REQUEST),
            Map.entry("org.springframework.http.server.ServerHttpRequest", REQUEST),
            Map.entry("org.springframework.http.server.ServerHttpResponse", REQUEST),
            Map.entry("org.springframework.http.server.reactive.ServerHttpRequest", REQUEST),
            Map.entry("org.springframework.http.server.reactive.ServerHttpResponse", REQUEST),
            Map.entry("org.springframework.web.server.WebSession", REQUEST),
            Map.entry("org.reactivestreams.Publisher", REQUEST),
            Map.entry("java.util.concurrent.CompletionStage", REQUEST),
            Map.entry("java.util.concurrent.Future", REQUEST),
            Map.entry("org.springframework.web.servlet.mvc.support.RedirectAttributes", REQUEST),
            Map.entry("org.springframework.web.util.UriComponentsBuilder", REQUEST),
            Map.entry("org.springframework.web.bind.support.SessionStatus", REQUEST),
            Map.entry("org.springframework.http.HttpHeaders", HEADERS),
            Map.entry("org.springframework.http.HttpEntity", HEADERS),
            Map.entry("java.security.Principal", CALLER));

    private UnkeyableTypes() {
    }

    private static final String OTHER_ARGUMENTS = "Give the annotation a key made of the other arguments, "
            + "e.g. key = \"#id\".";

    private static final String CALLER_NAME = "Give the annotation a key that names the caller, "
            + "e.g. key = \"#principal.name + ':' + #id\".";

    /** Why a parameter of this type cannot be part of a default key, or {@code null} if it can. */
    static @Nullable Unkeyable of(Class<?> parameterType) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(parameterType);
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            String reason = REASONS.get(type.getName());
            if (reason != null) {
                String kind = (type == parameterType) ? type.getSimpleName()
                        : parameterType.getSimpleName() + " (a " + type.getName() + ")";
                return new Unkeyable(kind + " " + reason, (reason == CALLER) ? CALLER_NAME : OTHER_ARGUMENTS);
            }
            if (type.getSuperclass() != null) {
                pending.add(type.getSuperclass());
            }
            pending.addAll(Arrays.asList(type.getInterfaces()));
        }
        return null;
    }

    /**
     * Why a parameter cannot be part of a default key.
     * @param reason what the parameter stands for, e.g. {@code "InputStream stands for a request, ..."}
     * @param action what to write instead
     */
    record Unkeyable(String reason, String action) {
    }
}
