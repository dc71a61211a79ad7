"""The command line (`casedesk …`), one module per group of commands."""
