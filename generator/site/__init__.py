"""The built site: the `litsite` MkDocs plugin (plugin.py), which passes generated HTML through, fills paper
pages into a shell of Material's page (theme_shell.py), adds the CSP meta tag, compacts HTML (compact.py),
serves theme icons from one sprite (icons.py) and writes the Pagefind search index (search_index.py)."""
