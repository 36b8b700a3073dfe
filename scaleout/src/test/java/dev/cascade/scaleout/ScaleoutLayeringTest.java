package dev.cascade.scaleout;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out module's half of the app's {@code LayeringTest} rule "SQL lives only in the store": here the store is
 * the ClickHouse package; the bus, the commands and the consumer reach it through its classes, never through JDBC.
 */
class ScaleoutLayeringTest {
    @Test
    void onlyTheClickHouseStoreSpeaksSql() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cascade.scaleout");
        // The rule would pass vacuously over an empty import.
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("dev.cascade.scaleout.clickhouse"))).isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals("dev.cascade.scaleout.bus"))).isTrue();
        noClasses().that().resideOutsideOfPackage("dev.cascade.scaleout.clickhouse..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.duckdb..",
                        "com.clickhouse..")
                .check(classes);
    }
}
