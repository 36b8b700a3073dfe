package dev.cascade;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering the code must keep, checked on the compiled classes of core and app: pure core imports no adapter;
 * the store and the server do not know each other's insides nor the CLI; SQL and the DuckDB driver stay in the store;
 * HTTP types stay in the server. A new import
 * that breaks a rule fails the build with the offending class and line.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cascade");
        // The rules below would pass vacuously over an empty import.
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("dev.cascade.core.port"))).isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("dev.cascade.server"))).isTrue();
    }

    @Test
    void coreIsPure() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.cascade.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cascade.cli..", "dev.cascade.feed..",
                        "dev.cascade.ingest..", "dev.cascade.replay..", "dev.cascade.report..", "dev.cascade.server..",
                        "dev.cascade.store..", "io.javalin..", "picocli..", "java.sql..", "org.duckdb..", "java.net.http..");
        rule.check(classes);
    }

    @Test
    void storeKnowsOnlyCoreAndItsDriver() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.cascade.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cascade.cli..", "dev.cascade.server..",
                        "dev.cascade.feed..", "dev.cascade.ingest..", "dev.cascade.replay..", "io.javalin..", "picocli..");
        rule.check(classes);
    }

    /** SQL lives only in the store: every other class asks a store method, port or store class named for what it does. */
    @Test
    void onlyTheStoreSpeaksSql() {
        noClasses().that().resideOutsideOfPackage("dev.cascade.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.duckdb..")
                .check(classes);
    }

    @Test
    void serverDoesNotImportTheCli() {
        noClasses().that().resideInAPackage("dev.cascade.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cascade.cli..", "picocli..")
                .check(classes);
    }

    @Test
    void onlyTheCliUsesPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.cascade.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void httpTypesStayInTheServer() {
        noClasses().that().resideOutsideOfPackage("dev.cascade.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.cascade.server.BadRequest")
                .check(classes);
    }

    @Test
    void feedsAndReplayDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.cascade.feed..", "dev.cascade.replay..", "dev.cascade.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cascade.cli..", "dev.cascade.server..")
                .check(classes);
    }
}
