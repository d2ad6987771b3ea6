"""The Textual app: the only part of quiz-app that imports textual.

`app.py` holds `QuizApp`; `screens/` one module per screen, each with its
`.tcss` next to it; `widgets/` the widgets the screens share; `sessions.py`
the study and quiz logic the screens drive, in plain Python.
"""
