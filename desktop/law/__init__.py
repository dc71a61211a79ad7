"""The legal provision catalogue (违反条款, 处罚依据, penalty ranges, versions in force) and the checks
that read it. Imports only desktop.common."""
