package io.authstream.embedded.junit;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves the shared {@link EmbeddedKafka} and {@link EmbeddedElasticsearch}; see {@link EmbeddedStack}. */
public final class EmbeddedStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == EmbeddedKafka.class || type == EmbeddedElasticsearch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == EmbeddedKafka.class ? kafka(c) : elasticsearch(c);
    }

    /** The JVM-wide broker, started on first call. */
    public static EmbeddedKafka kafka(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("kafka",
                k -> EmbeddedKafka.builder().brokerProperty("num.partitions", "3").start(), EmbeddedKafka.class);
    }

    /** The JVM-wide Elasticsearch, started on first call. */
    public static EmbeddedElasticsearch elasticsearch(ExtensionContext c) {
        return c.getRoot().getStore(NS).getOrComputeIfAbsent("elasticsearch",
                k -> EmbeddedElasticsearch.builder().security(Boolean.getBoolean("authstream.test.es.security")).start(),
                EmbeddedElasticsearch.class);
    }
}
