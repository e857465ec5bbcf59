package io.bester.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of docs/architecture.md: leaves import no other package of ours, the event
 * bus is the only road to handlers, routing never knows sessions or federation, and only the
 * root wires implementations into ports.
 */
class ArchitectureTest {

  private static final String ROOT = "io.bester.daemon";
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  private static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  @Test
  void leavesImportNoOtherPackageOfOurs() {
    for (String leaf : new String[] {"wire", "protocol", "config"}) {
      noClasses().that().resideInAPackage(pkg(leaf))
          .should().dependOnClassesThat().resideInAnyPackage(otherThan(leaf))
          .check(classes);
    }
  }

  @Test
  void handlersAreReachedOnlyThroughTheEventBus() {
    noClasses().that().resideInAnyPackage(pkg("routing"), pkg("session"), pkg("federation"), pkg("informer"))
        .should().dependOnClassesThat().resideInAPackage(pkg("handler"))
        .check(classes);
  }

  @Test
  void routingKnowsNeitherSessionsNorFederation() {
    noClasses().that().resideInAPackage(pkg("routing"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("session"), pkg("federation"), pkg("informer"), pkg("auth"))
        .check(classes);
  }

  @Test
  void sessionsAndFederationDoNotKnowEachOther() {
    noClasses().that().resideInAPackage(pkg("session"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("federation"), pkg("informer"))
        .check(classes);
    noClasses().that().resideInAnyPackage(pkg("federation"), pkg("informer"))
        .should().dependOnClassesThat().resideInAnyPackage(pkg("session"), pkg("auth"))
        .check(classes);
  }

  @Test
  void vertxInternalsOnlyWhereThePublicApiHasNoWay() {
    noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".session.ForcedClose")
        .should().dependOnClassesThat().resideInAPackage("io.vertx.core.internal..")
        .check(classes);
  }

  /** Every package of ours but {@code leaf}: the root itself (without subpackages) and its siblings. */
  private static String[] otherThan(String leaf) {
    List<String> others = new ArrayList<>(List.of(ROOT));
    for (String name : List.of("wire", "protocol", "config", "auth", "routing", "session", "handler", "federation",
        "informer", "cli")) {
      if (!name.equals(leaf)) {
        others.add(pkg(name));
      }
    }
    return others.toArray(new String[0]);
  }
}
