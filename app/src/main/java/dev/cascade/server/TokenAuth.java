package dev.cascade.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The bearer token that guards write endpoints (alert rules). Compared in constant time. */
public final class TokenAuth {
    private final byte[] token;

    public TokenAuth(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the API token must be at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh random token (128 bits, hex) for a server started without one. */
    public static String generate() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** True if the Authorization header carries this token as "Bearer TOKEN". */
    public boolean allows(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    /** Throws {@link Unauthorized} (answered 401 with a Bearer challenge) unless the request carries the token. */
    void require(io.javalin.http.Context ctx) {
        if (!allows(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Unauthorized();
        }
    }

    /** 401: thrown before any write happens. */
    static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("this endpoint needs 'Authorization: Bearer <token>' (writes and reading alert rules; the token printed by `cascade serve`)", null, false, false);
        }
    }
}
