print("tongban")
