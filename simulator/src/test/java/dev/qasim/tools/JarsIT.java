package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.report.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The package phase leaves two jars: the shaded qasim.jar (java -jar, everything inside) and beside it the thin
 * qasim-simulator-VERSION.jar (qasim's own classes and resources, for use as a library with the POM's
 * dependencies), both with the license.
 */
class JarsIT {
    private static final Path TARGET = Commands.HOME.resolve("simulator/target");

    @Test
    void theThinJarHoldsOnlyQasimWithItsLicenseAndAManifestNamingTheMainClass() throws IOException {
        try (JarFile thin = new JarFile(TARGET.resolve("qasim-simulator-" + Version.get() + ".jar").toFile())) {
            List<String> names = thin.stream().map(e -> e.getName()).filter(n -> !n.endsWith("/")).toList();
            assertThat(names).contains("dev/qasim/cli/Main.class", "META-INF/LICENSE", "dev/qasim/version.properties",
                    "dev/qasim/energy/horowitz-45nm.yaml");
            assertThat(names).filteredOn(n -> n.endsWith(".class")).isNotEmpty()
                    .allMatch(n -> n.startsWith("dev/qasim/"), "qasim's classes only (the ONNX ones generated into dev.qasim.model.onnx)");
            assertThat(thin.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.qasim.cli.Main");
            assertThat(thin.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("dev.qasim");
            assertThat(thin.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo(Version.get());
        }
    }

    @Test
    void theShadedJarHoldsTheDependenciesTooAndTheProjectsLicense() throws IOException {
        try (JarFile fat = new JarFile(TARGET.resolve("qasim.jar").toFile())) {
            assertThat(fat.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.qasim.cli.Main");
            assertThat(fat.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(fat.getEntry("picocli/CommandLine.class")).isNotNull();
            String license = new String(fat.getInputStream(fat.getEntry("META-INF/LICENSE")).readAllBytes());
            assertThat(license).contains("SPDX-License-Identifier: Apache-2.0", "qasim");
        }
    }
}
