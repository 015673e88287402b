package io.authstream.embedded.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the shared embedded Kafka and Elasticsearch of this test JVM: declare a
 * parameter of type {@link io.authstream.embedded.EmbeddedKafka} or
 * {@link io.authstream.embedded.EmbeddedElasticsearch} on a test, lifecycle method or constructor.
 *
 * <p>Each service starts on first use and at most once per JVM; every test class reuses it, and
 * it is stopped when the test run ends. Set the system property
 * {@code authstream.test.es.security=true} to run the shared Elasticsearch with security on
 * (the {@code elastic} password is then {@link io.authstream.embedded.EmbeddedElasticsearch#password()}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmbeddedStackExtension.class)
public @interface EmbeddedStack {
}
