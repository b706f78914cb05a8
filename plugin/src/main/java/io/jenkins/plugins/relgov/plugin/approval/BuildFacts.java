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
        String triggerer = userIn(run.getCauses(), 0);
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

    /**
     * The user who started the build: a direct user cause, else one that started an upstream build that
     * triggered this one (a person cannot approve a release they set off through a chain of jobs either).
     */
    private static String userIn(List<Cause> causes, int depth) {
        for (Cause c : causes) {
            if (c instanceof Cause.UserIdCause u && u.getUserId() != null) {
                return u.getUserId();
            }
        }
        if (depth < 10) {
            for (Cause c : causes) {
                if (c instanceof Cause.UpstreamCause up) {
                    String user = userIn(up.getUpstreamCauses(), depth + 1);
                    if (user != null) {
                        return user;
                    }
                }
            }
        }
        return null;
    }
}
