package dev.beryl.cache.spring.internal;

import java.security.Principal;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The Spring MVC request that the current thread handles, as {@link RequestContextHolder} holds it. */
final class ServletRequestView implements RequestView {

    private final HttpServletRequest request;

    private final @Nullable HttpServletResponse response;

    private ServletRequestView(HttpServletRequest request, @Nullable HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** The request of the current thread, or {@code null} outside a Spring MVC request. */
    static @Nullable RequestView current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return (attributes instanceof ServletRequestAttributes servlet)
                ? new ServletRequestView(servlet.getRequest(), servlet.getResponse()) : null;
    }

    @Override
    public @Nullable String header(String name) {
        Enumeration<String> values = this.request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasMoreElements()) {
            joined.append(", ").append(values.nextElement());
        }
        return joined.toString();
    }

    @Override
    public @Nullable String principalName() {
        String name = Principals.current();
        if (name != null) {
            return name;
        }
        Principal principal = this.request.getUserPrincipal();
        if (principal == null) {
            return null;
        }
        String principalName = principal.getName();
        return (principalName != null) ? principalName : "";
    }

    @Override
    public boolean isSafeRead() {
        String method = this.request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (this.response != null && !this.response.isCommitted()) {
            this.response.setHeader(name, value);
        }
    }

    @Override
    public void notModified() {
        if (this.response != null && !this.response.isCommitted()) {
            this.response.setStatus(HttpStatus.NOT_MODIFIED.value());
        }
    }
}
