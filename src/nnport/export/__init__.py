"""Exports of the pivot model: text notation, JSON, PlantUML, B-UML and network diagrams."""
