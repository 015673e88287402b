package io.authstream.pull;

import io.authstream.schemas.topic.TopicDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates missing topics with their descriptors' settings (as ingest and the analyzer do); existing ones are left alone. */
final class PullTopics {
    private PullTopics() {
    }

    static void ensure(Map<String, ?> kafka, List<TopicDescriptor> topics) {
        Map<String, Object> ap = new java.util.HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                ap.put(k, v);
            }
        });
        try (Admin admin = Admin.create(ap)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (TopicDescriptor d : topics) {
                wanted.add(new NewTopic(d.name(), Optional.of(d.partitions()), Optional.empty()).configs(d.configs()));
            }
            for (var f : admin.createTopics(wanted).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create the topic " + f.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot create the pull topics within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
