package io.omadm.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.UpwardImportFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, checked on the compiled classes: each feature package may use only itself
 * and the packages of lower layers, never one above (so that the protocol core builds and tests without the rest),
 * and frameworks (Camel, Quarkus, CDI, Vert.x, JAX-RS) stay in the thin shims ({@code ..camel..}, {@code ..http..}),
 * the operator API, the demo site and the wiring.
 */
class ArchitectureTest {

    private static final String BASE = "io.omadm.gateway.";

    /** Lowest first; a package's sub-packages ({@code adaptation.mqtt}) belong to its layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("names", "syncml", "persistence"),
            List.of("auth", "tree", "security", "audit"),
            List.of("notification"),
            List.of("northbound", "inventory"),
            List.of("mo", "adaptation", "images", "transparent"),
            List.of("southbound"),
            List.of("fanout"),
            List.of("gwmo"),
            List.of("admin", "demo"),
            List.of("app"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.omadm.gateway");

    private static final Map<String, Integer> LAYER_OF = new HashMap<>();

    static {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                LAYER_OF.put(p, i);
            }
        }
    }

    /** The feature package of a class ({@code adaptation} for {@code io.omadm.gateway.adaptation.mqtt.X}). */
    private static String feature(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith(BASE)) {
            return null;
        }
        String rest = pkg.substring(BASE.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static final ArchRule NO_UPWARD_IMPORTS = ArchRuleDefinition.classes()
            .should(new ArchCondition<JavaClass>("use only their own package and those of lower layers") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String from = feature(c);
                    Integer fromLayer = LAYER_OF.get(from);
                    c.getDirectDependenciesFromSelf().forEach(d -> {
                        String to = feature(d.getTargetClass());
                        if (to == null || to.equals(from)) {
                            return;
                        }
                        Integer toLayer = LAYER_OF.get(to);
                        if (fromLayer == null || toLayer == null || toLayer >= fromLayer) {
                            events.add(SimpleConditionEvent.violated(d, from + " (layer " + fromLayer + ") uses "
                                    + to + " (layer " + toLayer + "): " + d.getDescription()));
                        }
                    });
                }
            });

    static final ArchRule FRAMEWORKS_ONLY_IN_SHIMS = noClasses()
            .that(DescribedPredicate.describe("are outside the shims, the API, the demo and the wiring",
                    (JavaClass c) -> {
                        String f = feature(c);
                        String pkg = c.getPackageName();
                        return !(pkg.contains(".camel") || pkg.contains(".http") || "admin".equals(f)
                                || "demo".equals(f) || "app".equals(f));
                    }))
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "io.quarkus..",
                    "jakarta.enterprise..", "jakarta.inject..", "io.vertx..", "jakarta.ws..");

    @Test
    void everyMainPackageHasALayer() {
        MAIN.forEach(c -> assertTrue(LAYER_OF.containsKey(feature(c)), c.getName() + " is in no layer of "
                + "ArchitectureTest.LAYERS (and docs/architecture.md): give its package one"));
    }

    @Test
    void noPackageUsesOneAboveIt() {
        NO_UPWARD_IMPORTS.check(MAIN);
    }

    @Test
    void frameworksStayInTheShimsTheApiTheDemoAndTheWiring() {
        FRAMEWORKS_ONLY_IN_SHIMS.check(MAIN);
    }

    @Test
    void theRuleCatchesAnUpwardImport() {
        // a class of the tree package (layer 1) that uses the GwMO objects (layer 7): what the rule is there to stop
        EvaluationResult r = NO_UPWARD_IMPORTS.evaluate(new ClassFileImporter()
                .importClasses(UpwardImportFixture.class));
        assertTrue(r.hasViolation(), "an upward import must fail the layer rule");
        assertTrue(r.getFailureReport().toString().contains("tree (layer 1) uses gwmo (layer 7)"),
                r.getFailureReport().toString());
        assertFalse(NO_UPWARD_IMPORTS.evaluate(new ClassFileImporter().importClasses(DmTree.class)).hasViolation(),
                "the tree itself uses only syncml and persistence below it");
    }
}
