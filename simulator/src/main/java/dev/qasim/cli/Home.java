package dev.qasim.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project folder: where the shipped arch-configs/ and workloads/ are and where reports/ go by default.
 * The launcher passes it as {@code -Dqasim.home}; otherwise it is found from the jar's place
 * (simulator/target/qasim.jar), or the working directory.
 */
final class Home {
    private Home() {}

    static Path path() {
        String prop = System.getProperty("qasim.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null && Files.isDirectory(root.resolve("arch-configs"))) {
                return root;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static Path reports() {
        return path().resolve("reports");
    }
}
