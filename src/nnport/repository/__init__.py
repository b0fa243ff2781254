"""Migrating a whole repository: walk the tree, migrate each file that holds a network, verify
the migrated files in long-lived worker processes, and write a JSON and an HTML report.

``walk`` finds the files (``.gitignore`` respected), ``files`` migrates one, ``workers`` verifies,
``run`` puts them together, ``report`` writes what was found.
"""
