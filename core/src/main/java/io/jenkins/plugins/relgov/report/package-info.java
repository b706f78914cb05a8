/**
 * Report parsers: JUnit/Surefire XML, JaCoCo and Cobertura coverage, SARIF 2.1.0 and Trivy JSON.
 * Every parser streams (StAX or Jackson's {@code JsonParser}) from an {@code InputStream} and names the
 * file, and the line when known, in its errors. {@link io.jenkins.plugins.relgov.report.ReportFinder}
 * finds the files, separately, so that parsing can run where the files are (a Jenkins agent).
 */
package io.jenkins.plugins.relgov.report;
