/**
 * The Spring quick start of the repository's README.md, as an application of its own: the README quotes these
 * classes and {@code com/example/wallet/application.yml} verbatim, and {@link com.example.wallet.ReadmeQuickStartTests}
 * runs them and fails when the README's copy differs. Written as a user would, outside the {@code io.goakt} packages.
 */
package com.example.wallet;
