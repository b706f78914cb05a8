package io.jenkins.plugins.relgov.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;

/** Seals a governed build's evidence when it completes, whatever its result ({@link Sealing}). */
@Extension
public final class SealOnCompletion extends RunListener<Run<?, ?>> {

    @Override
    public void onCompleted(Run<?, ?> run, @NonNull TaskListener listener) {
        Sealing.atCompletion(run, listener);
    }
}
