from tousu_cli.cli.app import main

main()
