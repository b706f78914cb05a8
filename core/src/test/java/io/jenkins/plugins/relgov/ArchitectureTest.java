package io.jenkins.plugins.relgov;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.SchemaFactory;

/** The shape of core that a change must not break unnoticed. */
@AnalyzeClasses(packages = "io.jenkins.plugins.relgov", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String SECURE_XML = "io.jenkins.plugins.relgov.report.SecureXml";

    @ArchTest
    static final ArchRule coreKnowsNothingOfJenkins = Architecture.knowsNothingOfJenkins();

    /**
     * Reports are untrusted XML. SecureXml is the one place that makes a parser, refusing DTDs and external entities
     * (no XXE, no billion laughs) and bounding memory; a factory made anywhere else would have none of that.
     */
    @ArchTest
    static final ArchRule onlySecureXmlMakesXmlParsers = noClasses()
            .that(DescribedPredicate.describe(
                    "are not SecureXml nor nested in it",
                    (JavaClass c) ->
                            !c.getName().equals(SECURE_XML) && !c.getName().startsWith(SECURE_XML + "$")))
            .should()
            .dependOnClassesThat(JavaClass.Predicates.belongToAnyOf(
                            DocumentBuilderFactory.class,
                            SAXParserFactory.class,
                            XMLInputFactory.class,
                            TransformerFactory.class,
                            SchemaFactory.class)
                    .or(HasName.Predicates.name("org.xml.sax.helpers.XMLReaderFactory"))) // deprecated, still a parser
            .because("SecureXml makes every XML parser, with DTDs and external entities refused and memory bounded");
}
