try:
    from dragoman.launch import main
except KeyboardInterrupt:  # Ctrl-C while starting: nothing was done
    raise SystemExit(130) from None

main()
