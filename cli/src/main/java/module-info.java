/** Crumb's key and cookie tool: {@code dev.crumb.cli.Main}. */
module dev.crumb.cli {
    requires dev.crumb;
}
