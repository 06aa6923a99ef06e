package dev.beryl.cache.spring.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.beryl.cache.internal.KeyRenderer;

/**
 * Strong entity tags for cached handler responses, computed once when an entry is stored, and the {@code 304 Not
 * Modified} answer of a request whose {@code If-None-Match} matches one. Used only where spring-web is present.
 */
final class EntityTags {

    /** The headers a {@code 304} carries over from the response it stands for (RFC 9110, section 15.4.5). */
    private static final String[] KEPT_BY_304 = { HttpHeaders.CACHE_CONTROL, HttpHeaders.CONTENT_LOCATION,
            HttpHeaders.DATE, HttpHeaders.EXPIRES, HttpHeaders.VARY };

    private EntityTags() {
    }

    /**
     * The entity tag of a value about to be stored: the response's own {@code ETag} if it sets one, else a digest
     * of the body; {@code null} for an error response or an empty body.
     */
    static @Nullable String of(@Nullable Object value, KeyRenderer keys) {
        Object body = value;
        if (value instanceof HttpEntity<?> entity) {
            if (ResponsePolicy.isError(value)) {
                // Preconditions do not apply to an answer that is not 2xx: no tag, so never a 304 for it.
                return null;
            }
            String own = entity.getHeaders().getETag();
            if (own != null) {
                return own;
            }
            body = entity.getBody();
        }
        if (body == null) {
            return null;
        }
        try {
            // A digest of the body's key rendering, which is a digest of its canonical JSON for structured values.
            return '"' + keys.ofSecret(body).substring(1) + '"';
        }
        catch (RuntimeException ex) {
            // A body that cannot be rendered still gets a tag that changes with every stored entry.
            return '"' + UUID.randomUUID().toString() + '"';
        }
    }

    /** Whether an {@code If-None-Match} header matches an entity tag, with the weak comparison it calls for. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || opaque(trimmed).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The response with its entity tag: the response itself if it sets one already. */
    static HttpEntity<?> tagged(HttpEntity<?> entity, String etag) {
        if (entity.getHeaders().getETag() != null) {
            return entity;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(entity.getHeaders());
        headers.setETag(etag);
        return (entity instanceof ResponseEntity<?> response)
                ? new ResponseEntity<>(response.getBody(), headers, response.getStatusCode())
                : new HttpEntity<>(entity.getBody(), headers);
    }

    /** The {@code 304} that stands for a response: no body, its entity tag and the headers a 304 keeps. */
    static ResponseEntity<?> notModified(HttpEntity<?> entity, String etag) {
        HttpHeaders headers = new HttpHeaders();
        for (String name : KEPT_BY_304) {
            if (entity.getHeaders().containsHeader(name)) {
                headers.put(name, entity.getHeaders().get(name));
            }
        }
        headers.setETag(etag);
        return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
    }
}
