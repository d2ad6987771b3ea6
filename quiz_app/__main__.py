from quiz_app.cli import main

main()
