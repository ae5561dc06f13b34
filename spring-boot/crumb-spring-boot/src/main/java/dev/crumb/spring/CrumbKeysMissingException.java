package dev.crumb.spring;

/**
 * No session keys are configured. Startup stops here rather than inventing a key that would log
 * every user out at the next restart; {@link CrumbKeysFailureAnalyzer} explains the fix.
 */
public class CrumbKeysMissingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The key tool command that makes a JWK Set. */
    static final String KEYGEN = "java -jar crumb-cli.jar keygen --out crumb-keys.json";

    static final String ACTION = "Make a key set with\n\n    " + KEYGEN + "\n\n"
            + "then set one of:\n"
            + "    crumb.keys.file=crumb-keys.json                   (a file holding the JWK Set)\n"
            + "    crumb.keys.environment-variable=CRUMB_KEYS         (an environment variable holding it)\n"
            + "    crumb.keys.master-secret=${CRUMB_MASTER_SECRET}   (a random secret of 32+ bytes to derive keys from;\n"
            + "                                                       add crumb.keys.rotation-period=30d to rotate)\n"
            + "For local development only, crumb.keys.insecure-generate-throwaway-key=true uses a random key "
            + "that every restart forgets.";

    CrumbKeysMissingException() {
        super("Crumb has no session keys: set crumb.keys.file, crumb.keys.environment-variable or "
                + "crumb.keys.master-secret. " + ACTION.replace('\n', ' ').replaceAll(" {2,}", " "));
    }
}
