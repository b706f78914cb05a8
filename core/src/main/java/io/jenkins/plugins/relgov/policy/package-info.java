/**
 * The policy model: what an admin writes once and pipelines reference by name.
 * Immutable value types; loading and validation live beside them, the engines only read them.
 */
package io.jenkins.plugins.relgov.policy;
