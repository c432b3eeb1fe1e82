package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.qasim.report.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What someone reusing or packaging qasim reads agrees: the LICENSE declares Apache-2.0 (SPDX identifier, the
 * standard notice and the license text), the POM says the same license with SCM and developer information,
 * and CITATION.cff cites this version under this license.
 */
class ReuseFilesTest {
    @Test
    void theLicenseDeclaresApache2WithItsSpdxIdentifierNoticeAndText() throws IOException {
        String license = Files.readString(Commands.HOME.resolve("LICENSE"));
        assertThat(license).contains("SPDX-License-Identifier: Apache-2.0",
                "Licensed under the Apache License, Version 2.0 (the \"License\");",
                "https://www.apache.org/licenses/LICENSE-2.0",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS");
    }

    @Test
    void thePomDeclaresTheLicenseAndDevelopersAndNoAddressItDoesNotHave() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Commands.HOME.resolve("pom.xml").toFile());
        XPath x = XPathFactory.newInstance().newXPath();
        assertThat(x.evaluate("/project/licenses/license/name", pom)).isEqualTo("Apache-2.0");
        assertThat(x.evaluate("/project/licenses/license/url", pom)).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(x.evaluate("/project/developers/developer/name", pom)).isEqualTo("the qasim developers");
        // no public home, address or repository is named until the project has one
        assertThat(x.evaluate("count(/project/url | /project/scm | /project/developers/developer/email)", pom)).isEqualTo("0");
    }

    @Test
    void theCitationCitesThisVersionUnderTheSameLicense() throws IOException {
        Path cff = Commands.HOME.resolve("CITATION.cff");
        JsonNode citation = new ObjectMapper(new YAMLFactory()).readTree(cff.toFile());
        assertThat(citation.get("cff-version").asText()).isEqualTo("1.2.0");
        assertThat(citation.get("version").asText()).isEqualTo(Version.get());
        assertThat(citation.get("license").asText()).isEqualTo("Apache-2.0");
        assertThat(citation.get("title").asText()).startsWith("qasim");
        assertThat(citation.get("authors")).isNotEmpty();
        assertThat(citation.get("message").asText()).isNotBlank();
    }
}
