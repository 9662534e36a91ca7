package io.cdpkit.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import java.time.Instant;
import java.util.List;

/**
 * The module boundaries and the layering of style.md, over the main code of every module: no
 * module reaches into another module's {@code internal} packages, dependencies point one way
 * (core, segments, workflows, platform, stores, product), library code takes time from its clock, and only
 * the enrollment state machine changes an enrollment's state.
 */
@AnalyzeClasses(
    packages = "io.cdpkit",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
final class ArchitectureTest {

  /** Each module's root package, longest first so a store's root wins over "storage". */
  private static final List<String> MODULE_ROOTS =
      List.of(
          "io.cdpkit.storage.postgres",
          "io.cdpkit.storage.sqlite",
          "io.cdpkit.storage.jdbc",
          "io.cdpkit.platform",
          "io.cdpkit.workflows",
          "io.cdpkit.predictions",
          "io.cdpkit.segments",
          "io.cdpkit.core",
          "io.cdpkit.test",
          "io.cdpkit.app",
          "io.cdpkit.examples",
          "io.cdpkit.benchmarks");

  @ArchTest
  static final ArchRule noModuleUsesAnotherModulesInternals =
      classes().should(notUseAnotherModulesInternals()).allowEmptyShould(false);

  @ArchTest
  static final ArchRule dependenciesPointOneWay =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("core").definedBy("io.cdpkit.core..", "io.cdpkit.meta..")
          .layer("segments").definedBy("io.cdpkit.segments..")
          .layer("workflows").definedBy("io.cdpkit.workflows..")
          .layer("predictions").definedBy("io.cdpkit.predictions..")
          .layer("platform").definedBy("io.cdpkit.platform..")
          .layer("stores").definedBy("io.cdpkit.storage..")
          .layer("testkit").definedBy("io.cdpkit.test..")
          .layer("product").definedBy("io.cdpkit.app..", "io.cdpkit.examples..", "io.cdpkit.benchmarks..")
          .whereLayer("product").mayNotBeAccessedByAnyLayer()
          .whereLayer("testkit").mayOnlyBeAccessedByLayers("product")
          .whereLayer("stores").mayOnlyBeAccessedByLayers("product")
          .whereLayer("platform").mayOnlyBeAccessedByLayers("stores", "product")
          .whereLayer("predictions").mayOnlyBeAccessedByLayers("product")
          .whereLayer("workflows").mayOnlyBeAccessedByLayers("platform", "stores", "testkit", "product")
          .whereLayer("segments")
          .mayOnlyBeAccessedByLayers("workflows", "predictions", "platform", "stores", "testkit", "product");

  @ArchTest
  static final ArchRule storesDependOnPortsNotEngines =
      noClasses()
          .that().resideInAPackage("io.cdpkit.storage..")
          .should().dependOnClassesThat(
              resideInAnyPackage("io.cdpkit.workflows..", "io.cdpkit.platform..")
                  .and(not(resideInAnyPackage(
                      "io.cdpkit.workflows.spi..", "io.cdpkit.workflows.enrollment..",
                      "io.cdpkit.platform.spi.."))))
          .because("a store implements the ports of cdp-workflows-spi and cdp-platform-spi; the "
              + "workflow engine and the platform are the store's users, not its dependencies");

  @ArchTest
  static final ArchRule libraryCodeTakesTimeFromItsClock =
      noClasses()
          .that().resideInAnyPackage(
              "io.cdpkit.core..", "io.cdpkit.segments..", "io.cdpkit.workflows..",
              "io.cdpkit.predictions..", "io.cdpkit.platform..", "io.cdpkit.storage..")
          .should().callMethod(Instant.class, "now")
          .because("time is injected (style.md 12): a java.time.Clock, never Instant.now()");

  @ArchTest
  static final ArchRule onlyTheStateMachineChangesAnEnrollmentsState =
      noClasses()
          .that().resideInAnyPackage("io.cdpkit.workflows..", "io.cdpkit.storage..")
          .and().doNotHaveFullyQualifiedName(
              "io.cdpkit.workflows.internal.engine.EnrollmentStateMachine")
          .should().callMethod(Enrollment.class, "withState", EnrollmentState.class, Instant.class)
          .because("every state change is a declared row of the enrollment state machine");

  private static ArchCondition<JavaClass> notUseAnotherModulesInternals() {
    return new ArchCondition<>("not use another module's internal packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String own = moduleOf(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          String module = moduleOf(target);
          if (module != null && !module.equals(own) && isInternal(target, module)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /** Leaves out the contract kits and fixtures that modules ship as test-jars. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }

  private static boolean isInternal(String packageName, String moduleRoot) {
    String rest = packageName.substring(moduleRoot.length());
    return rest.equals(".internal") || rest.startsWith(".internal.")
        || rest.contains(".internal.") || rest.endsWith(".internal");
  }

  private static String moduleOf(String packageName) {
    for (String root : MODULE_ROOTS) {
      if (packageName.equals(root) || packageName.startsWith(root + ".")) {
        return root;
      }
    }
    return null;
  }
}
