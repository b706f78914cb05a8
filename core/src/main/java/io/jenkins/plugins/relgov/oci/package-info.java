/**
 * Container images in OCI registries: references, the distribution specification's HTTP API (Basic and Bearer
 * token authentication, bounded in time and size), credentials from Docker's {@code config.json}, and image
 * signatures and attestations stored exactly as cosign stores them ({@code sha256-<hex>.sig} and {@code .att}), so
 * {@code cosign verify --key} and admission controllers accept them.
 */
package io.jenkins.plugins.relgov.oci;
