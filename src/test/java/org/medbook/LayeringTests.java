package org.medbook;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layer rules of every module (see ARCHITECTURE.md, "Inside a module"). */
@AnalyzeClasses(packages = "org.medbook", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTests {

    @ArchTest
    static final ArchRule domainIsPlainJava = classes().that().resideInAPackage("org.medbook.*.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "org.medbook..")
            .because("the domain holds the rules and nothing else: no Spring, SQL, HTTP or libraries");

    @ArchTest
    static final ArchRule domainUsesNoOuterLayer = noClasses().that().resideInAPackage("org.medbook.*.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.medbook.*.application..", "org.medbook.*.infrastructure..",
                    "org.medbook.*.api..", "org.medbook.shared.web..", "org.medbook.shared.ratelimit..",
                    "org.medbook.shared.crypto..", "org.medbook.shared.startup..");

    @ArchTest
    static final ArchRule apiNeverTouchesInfrastructure = noClasses().that().resideInAPackage("org.medbook.*.api..")
            .should().dependOnClassesThat().resideInAPackage("org.medbook.*.infrastructure..");

    @ArchTest
    static final ArchRule applicationNeverTouchesApi = noClasses().that().resideInAPackage("org.medbook.*.application..")
            .should().dependOnClassesThat().resideInAPackage("org.medbook.*.api..");

    @ArchTest
    static final ArchRule applicationNeverTouchesInfrastructure = noClasses().that()
            .resideInAPackage("org.medbook.*.application..")
            .should().dependOnClassesThat().resideInAPackage("org.medbook.*.infrastructure..")
            .because("adapters implement the application's ports, never the other way round");

    @ArchTest
    static final ArchRule sqlStaysInInfrastructure = noClasses().that()
            .resideInAnyPackage("org.medbook.*.domain..", "org.medbook.*.application..", "org.medbook.*.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

    @ArchTest
    static final ArchRule noFieldInjection = noClasses().should()
            .dependOnClassesThat().haveFullyQualifiedName("org.springframework.beans.factory.annotation.Autowired")
            .because("dependencies arrive through constructors");

}
