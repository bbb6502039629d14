package io.omadm.gateway.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pom runs the {@code @QuarkusTest}s in one JVM, one at a time (they start the gateway), and every other test in
 * two JVMs side by side; it tells them apart by the tag {@value #QUARKUS}. A Quarkus test without it would run beside
 * another test, a tagged plain test would wait its turn among the Quarkus ones: both are caught here.
 */
class SuiteSplitTest {

    static final String QUARKUS = "quarkus";

    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS).importPackages("io.omadm.gateway");

    private static final DescribedPredicate<JavaAnnotation<?>> TAG_QUARKUS = DescribedPredicate.describe(
            "@Tag(\"" + QUARKUS + "\")", a -> a.getRawType().isEquivalentTo(Tag.class)
                    && QUARKUS.equals(a.get("value").orElse(null)));

    @Test
    void everyQuarkusTestIsTaggedForTheQuarkusJvm() {
        classes().that().areAnnotatedWith(QuarkusTest.class).should().beAnnotatedWith(TAG_QUARKUS).check(TESTS);
    }

    @Test
    void onlyQuarkusTestsAreTaggedForIt() {
        classes().that().areAnnotatedWith(TAG_QUARKUS).should().beAnnotatedWith(QuarkusTest.class).check(TESTS);
    }
}
