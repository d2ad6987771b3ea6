from quiz_app.entry import main

main()
