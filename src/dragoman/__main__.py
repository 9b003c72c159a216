from dragoman.launch import main

main()
