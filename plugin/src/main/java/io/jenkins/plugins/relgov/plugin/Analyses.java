package io.jenkins.plugins.relgov.plugin;

import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The threads post-deploy analyses run on. They wait for hours between measurements, so they get threads
 * of their own, never Jenkins's shared timer pool; when Jenkins stops they are interrupted and the pool
 * is shut down (each analysis resumes from its saved progress after the restart). Public only because Jenkins
 * calls {@link Terminator} methods reflectively from outside this package.
 */
@Restricted(NoExternalUse.class)
public final class Analyses {

    private static ExecutorService pool;

    private Analyses() {}

    static synchronized Future<?> submit(Runnable analysis) {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(
                    new NamingThreadFactory(new DaemonThreadFactory(), "release-governance autoRollback"));
        }
        return pool.submit(analysis);
    }

    @Terminator
    public static synchronized void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
