"""`newslint server`: the language server, for editors.

    newslint.server.app        the pygls server: protocol in, diagnostics and edits out
    newslint.server.session    linting open documents: configs, findings, fixes (no pygls)
    newslint.server.positions  character offsets <-> LSP positions (UTF-16 code units)

Nothing here is imported by the command line until `newslint server` runs, so `newslint
check` never pays for pygls.
"""
