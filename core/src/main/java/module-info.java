/**
 * Crumb: web sessions kept in the cookie itself, encrypted and authenticated into a standard
 * compact JWE. The API is the package {@code dev.crumb}; {@code dev.crumb.internal}, where
 * Jackson, Nimbus and Bouncy Castle are used, is not exported.
 *
 * <p>An application module whose session attributes are its own types (see
 * {@code CookieSessions.Builder.storableTypes}) opens their packages to Jackson, which builds
 * them: {@code opens com.shop to com.fasterxml.jackson.databind;}.
 */
module dev.crumb {
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.nimbusds.jose.jwt;
    requires jdk.management; // HotSpot's options: whether the JDK's base64 is vector code
    requires org.bouncycastle.provider;

    exports dev.crumb;
}
