package io.pgmux.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What makes two app connections interchangeable on the server (SPEC section 1): target, database, user,
 * password and the other connection properties; and the app's driver class, since a logical connection must be
 * served by, and implement the interfaces of, its own copy of the driver (two web apps in one servlet container
 * may each bring one). Holds a digest of the password, never the password.
 */
public final class PoolKey {
    private final String target;
    private final String database;
    private final String user;
    private final byte[] passwordDigest;
    private final Map<String, String> properties;
    /** The app driver's class; null where no driver is named. */
    private final Class<?> driver;
    private final int hash;

    PoolKey(String target, String database, String user, String password, Properties props, Class<?> driver) {
        this.target = target;
        this.driver = driver;
        this.database = database;
        this.user = user == null ? "" : user;
        this.passwordDigest = digest(password);
        TreeMap<String, String> others = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.equals("user") && !name.equals("password")) {
                others.put(name, props.getProperty(name));
            }
        }
        this.properties = others;
        this.hash = Objects.hash(target, database, this.user, Arrays.hashCode(passwordDigest), others, driver);
    }

    /** The key of an app connection to {@code url}; {@code target}, where given, replaces the URL's hosts. */
    public static PoolKey of(JdbcUrl url, String target) {
        return of(url, target, null);
    }

    /** The key of an app connection to {@code url} made with the app's driver class {@code driver}. */
    public static PoolKey of(JdbcUrl url, String target, Class<?> driver) {
        return new PoolKey(target != null ? target : url.hosts(), url.database(), url.user(), url.password(),
                url.properties(), driver);
    }

    private static byte[] digest(String password) {
        if (password == null) {
            return new byte[0];
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public String target() { return target; }
    public String database() { return database; }
    public String user() { return user; }

    /** The pool's name for people: {@code user@host:port/database}. */
    public String name() {
        return user + "@" + target + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof PoolKey)) {
            return false;
        }
        PoolKey other = (PoolKey) o;
        return hash == other.hash && target.equals(other.target) && database.equals(other.database)
                && user.equals(other.user) && MessageDigest.isEqual(passwordDigest, other.passwordDigest)
                && properties.equals(other.properties) && driver == other.driver;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return name();
    }
}
