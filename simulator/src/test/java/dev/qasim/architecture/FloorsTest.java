package dev.qasim.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floor plan of docs/architecture.md: a package uses only packages on floors below it (two packages on the
 * same floor do not use each other), and no package cycle exists.
 */
class FloorsTest {
    /** Floor by package, top floor first (docs/architecture.md). */
    static final Map<String, Integer> FLOORS = new LinkedHashMap<>();

    static {
        FLOORS.put("cli", 9);
        FLOORS.put("explore", 8);
        FLOORS.put("report", 7);
        FLOORS.put("model", 6);
        FLOORS.put("rtl", 6);
        FLOORS.put("energy", 5);
        FLOORS.put("engine", 4);
        FLOORS.put("config", 3);
        FLOORS.put("quant", 3);
        FLOORS.put("workload", 2);
        FLOORS.put("arith", 1);
        FLOORS.put("terms", 1);
        FLOORS.put("input", 0);
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.qasim");
    }

    @Test
    void everyPackageUsesOnlyFloorsBelowIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : FLOORS.keySet()) {
            layers = layers.layer(p).definedBy("dev.qasim." + p + "..");
        }
        for (String p : FLOORS.keySet()) {
            String[] users = usersOf(p);
            layers = users.length == 0 ? layers.whereLayer(p).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(p).mayOnlyBeAccessedByLayers(users);
        }
        layers.check(classes);
    }

    /** The packages that may use {@code p}: those on floors strictly above it. */
    private static String[] usersOf(String p) {
        return FLOORS.keySet().stream().filter(q -> FLOORS.get(q) > FLOORS.get(p)).toArray(String[]::new);
    }

    @Test
    void noPackageCycle() {
        ArchRule rule = slices().matching("dev.qasim.(*)..").should().beFreeOfCycles();
        rule.check(classes);
    }
}
