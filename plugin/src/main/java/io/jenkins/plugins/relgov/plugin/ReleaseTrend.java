package io.jenkins.plugins.relgov.plugin;

import edu.hm.hafner.echarts.ChartModelConfiguration;
import edu.hm.hafner.echarts.JacksonFacade;
import edu.hm.hafner.echarts.line.LineSeries;
import edu.hm.hafner.echarts.line.LinesChartModel;
import hudson.model.Item;
import io.jenkins.plugins.echarts.AsyncConfigurableTrendChart;
import io.jenkins.plugins.echarts.JenkinsPalette;
import io.jenkins.plugins.relgov.evidence.ReleaseOverview;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kohsuke.stapler.bind.JavaScriptMethod;

/**
 * One of the job page's release trends, drawn by Jenkins' chart library (echarts-api) as warnings-ng and the
 * coverage plugin draw theirs: gate verdicts, line coverage and critical findings, or the time approvals took,
 * over the job's governed builds. The chart asks for its model from the page with the configuration its
 * dialog keeps (how many builds); the model is built from each build's {@link ReleaseOverview}.
 */
public final class ReleaseTrend implements AsyncConfigurableTrendChart {

    enum Kind {
        GATES,
        QUALITY,
        LEAD_TIME
    }

    private final ReleaseHistoryAction history;
    private final Kind kind;

    ReleaseTrend(ReleaseHistoryAction history, Kind kind) {
        this.history = history;
        this.kind = kind;
    }

    /** The chart's path below the job, for links from its points: the release history page. */
    public String getUrlName() {
        return history.getUrlName();
    }

    @Override
    public boolean isTrendVisible() {
        return true;
    }

    @JavaScriptMethod
    @Override
    public String getConfigurableBuildTrendModel(String configuration) {
        history.getJob().checkPermission(Item.READ);
        ChartModelConfiguration c = ChartModelConfiguration.fromJson(configuration);
        int builds = c.isBuildCountDefined() ? c.getBuildCount() : ReleaseHistoryAction.DEFAULT_BUILDS;
        return new JacksonFacade().toJson(model(history.rows(ReleaseHistoryAction.count(String.valueOf(builds)))));
    }

    @JavaScriptMethod
    public String getBuildTrendModel() {
        return getConfigurableBuildTrendModel("{}");
    }

    /** The model over the given releases (newest first), oldest build on the left. */
    LinesChartModel model(List<ReleaseHistoryAction.Row> newestFirst) {
        List<ReleaseHistoryAction.Row> rows = new ArrayList<>(newestFirst);
        Collections.reverse(rows);
        LinesChartModel model = new LinesChartModel();
        model.setDomainAxisItemName("Build");
        model.setDomainAxisLabels(
                rows.stream().map(r -> r.getRun().getDisplayName()).toList());
        model.setBuildNumbers(rows.stream().map(r -> r.getRun().getNumber()).toList());
        switch (kind) {
            case GATES ->
                model.addSeries(
                        series("passed", JenkinsPalette.GREEN, true, rows, o -> (double) o.gatesPassed()),
                        series("waived", JenkinsPalette.YELLOW, true, rows, o -> (double) o.gatesWaived()),
                        series("failed", JenkinsPalette.RED, true, rows, o -> (double) o.gatesFailed()));
            case QUALITY ->
                model.addSeries(
                        series("line coverage (%)", JenkinsPalette.BLUE, false, rows, ReleaseOverview::lineCoverage),
                        series(
                                "critical findings",
                                JenkinsPalette.RED,
                                false,
                                rows,
                                o -> o.criticalFindings() == null
                                        ? null
                                        : o.criticalFindings().doubleValue()));
            case LEAD_TIME ->
                model.addSeries(series(
                        "time to approval (min)",
                        JenkinsPalette.INDIGO,
                        false,
                        rows,
                        o -> o.timeToApproval() == null
                                ? null
                                : Math.round(o.timeToApproval().toSeconds() / 6.0) / 10.0));
        }
        return model;
    }

    /** A build's value, or null where the build measured nothing: the chart leaves a gap rather than draw a zero. */
    private interface Value {
        Double of(ReleaseOverview o);
    }

    private static LineSeries series(
            String name, JenkinsPalette color, boolean stacked, List<ReleaseHistoryAction.Row> rows, Value value) {
        // the values in the rows' order (LineSeries.add would prepend each one)
        return new LineSeries(
                name,
                color.normal(),
                stacked ? LineSeries.StackedMode.STACKED : LineSeries.StackedMode.SEPARATE_LINES,
                stacked ? LineSeries.FilledMode.FILLED : LineSeries.FilledMode.LINES,
                rows.stream().map(r -> value.of(r.getOverview())).toList());
    }
}
