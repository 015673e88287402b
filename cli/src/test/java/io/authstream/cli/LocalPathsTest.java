package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPathsTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private int owner() throws IOException {
        return (Integer) Files.getAttribute(dir, "unix:uid");
    }

    @Test
    void createsTheDataDirectoryForItsOwnerOnly() throws IOException {
        Path data = LocalPaths.prepare(dir.resolve("a/data"), 1000);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("kafka"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("analyzer"))).isEqualTo("rwx------");
        assertThat(mode(LocalPaths.prepare(dir.resolve("b"), 0))).as("root: others may only pass through, for Elasticsearch's uid")
                .isEqualTo("rwx--x--x");
    }

    @Test
    void tightensAnExistingDirectoryOfTheSameUser() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectory(data.resolve("kafka"));

        LocalPaths.prepare(data, owner() == 0 ? 0 : owner());

        assertThat(mode(data)).isIn("rwx------", "rwx--x--x");
        assertThat(mode(data.resolve("kafka"))).isEqualTo("rwx------");
    }

    @Test
    void refusesADirectoryOfAnotherUserOrASymbolicLink() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), data);

        assertThatThrownBy(() -> LocalPaths.prepare(data, owner() + 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(data + " belongs to another user (uid " + owner() + ")");
        assertThatThrownBy(() -> LocalPaths.prepare(link, owner())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void refusesCredentialsWrittenByAnotherUser() throws IOException {
        assumeTrue(LocalPaths.currentUid() == 0, "only root can give a file to another user");
        Path data = LocalPaths.prepare(dir.resolve("data"), 0);
        Path creds = Files.writeString(LocalCredentials.file(data), "webhook.token=planted-by-someone-else\n");
        Files.setAttribute(creds, "unix:uid", 4242);

        assertThatThrownBy(() -> LocalCredentials.loadOrCreate(data)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("owner uid 4242");
    }

    @Test
    void keepsGeneratedCredentialsPrivateAndShowsOnlyATokenPrefix() throws IOException {
        Path data = LocalPaths.prepare(dir.resolve("data"), LocalPaths.currentUid());
        LocalCredentials c = LocalCredentials.loadOrCreate(data);

        assertThat(mode(LocalCredentials.file(data))).isEqualTo("rw-------");
        assertThat(c.tokenPrefix()).hasSize(9).endsWith("...").startsWith(c.webhookToken().substring(0, 6));
        assertThat(c.toString()).doesNotContain(c.webhookToken(), c.elasticPassword(), c.erasureSalt());
        assertThat(LocalCredentials.loadOrCreate(data)).isEqualTo(c);
    }
}
