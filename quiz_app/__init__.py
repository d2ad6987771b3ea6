"""quiz-app: spaced-repetition flashcards and quizzes in the terminal."""

__version__ = "0.1.0"
