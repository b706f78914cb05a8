package io.jenkins.plugins.relgov.plugin.approval;

import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Run;
import hudson.model.Saveable;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import hudson.model.listeners.SaveableListener;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The builds that still have approval work open (a pending request or an incomplete post-hoc review),
 * by {@link Run#getExternalizableId()}. The inbox reads it instead of loading every build of every job;
 * it is saved in {@code JENKINS_HOME} so a restart, and completed builds with overdue reviews, lose nothing.
 */
@Extension
public final class ApprovalIndex implements Saveable {

    private static final Logger LOGGER = Logger.getLogger(ApprovalIndex.class.getName());

    private TreeSet<String> runs; // set by the saved file, or below: XStream may leave it out

    public ApprovalIndex() {
        XmlFile file = getConfigFile();
        if (file.exists()) {
            try {
                file.unmarshal(this);
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "cannot read " + file + "; the approvals inbox starts empty", e);
            }
        }
        if (runs == null) {
            runs = new TreeSet<>();
        }
    }

    static ApprovalIndex get() {
        return ExtensionList.lookupSingleton(ApprovalIndex.class);
    }

    /** Adds or removes the run. */
    void update(Run<?, ?> run, boolean openWork) throws IOException {
        String id = run.getExternalizableId();
        synchronized (this) {
            if (openWork ? runs.add(id) : runs.remove(id)) {
                save();
            }
        }
    }

    synchronized List<String> runIds() {
        return List.copyOf(runs);
    }

    synchronized void forget(String id) throws IOException {
        if (runs.remove(id)) {
            save();
        }
    }

    @Override
    public synchronized void save() throws IOException {
        if (BulkChange.contains(this)) {
            return;
        }
        XmlFile file = getConfigFile();
        file.write(this);
        SaveableListener.fireOnChange(this, file);
    }

    private static XmlFile getConfigFile() {
        return new XmlFile(
                Jenkins.XSTREAM2, new File(Jenkins.get().getRootDir(), ApprovalIndex.class.getName() + ".xml"));
    }

    /** A deleted build has nothing left to approve. */
    @Extension
    public static final class Cleanup extends RunListener<Run<?, ?>> {
        @Override
        public void onDeleted(Run<?, ?> run) {
            try {
                get().forget(run.getExternalizableId());
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "cannot update the approvals index", e);
            }
        }

        @Override
        public void onCompleted(Run<?, ?> run, TaskListener listener) {
            ApprovalAction a = run.getAction(ApprovalAction.class);
            if (a != null) {
                try {
                    get().update(run, a.hasOpenWork());
                } catch (IOException e) {
                    LOGGER.log(Level.WARNING, "cannot update the approvals index", e);
                }
            }
        }
    }
}
