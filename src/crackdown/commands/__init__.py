"""One module per `crackdown` subcommand: `configure(parser)` and `run(args) -> exit code`."""
