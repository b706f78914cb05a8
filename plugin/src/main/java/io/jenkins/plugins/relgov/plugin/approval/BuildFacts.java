package io.jenkins.plugins.relgov.plugin.approval;

import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import java.util.ArrayList;
import java.util.List;
import jenkins.scm.RunWithSCM;
import org.jenkinsci.plugins.workflow.cps.replay.ReplayCause;

/**
 * What segregation of duties needs to know about a build: who started it, who wrote its commits,
 * and whether it was started by Replay with a possibly edited Jenkinsfile.
 */
record BuildFacts(String triggerer, List<String> commitAuthors, boolean replayed) {

    static BuildFacts of(Run<?, ?> run) {
        Cause.UserIdCause started = run.getCause(Cause.UserIdCause.class);
        String triggerer = started == null ? null : started.getUserId();
        List<String> authors = new ArrayList<>();
        if (run instanceof RunWithSCM<?, ?> withScm) {
            for (ChangeLogSet<? extends ChangeLogSet.Entry> set : withScm.getChangeSets()) {
                for (ChangeLogSet.Entry entry : set) {
                    User author = entry.getAuthor();
                    if (author != null && !authors.contains(author.getId())) {
                        authors.add(author.getId());
                    }
                }
            }
        }
        // "Rebuild" replays the recorded script unchanged (isRebuilt); only a real Replay may carry edits.
        ReplayCause replay = run.getCause(ReplayCause.class);
        return new BuildFacts(triggerer, authors, replay != null && !replay.isRebuilt());
    }
}
