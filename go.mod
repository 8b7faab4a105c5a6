module github.com/ucdeploy/ucdeploy

go 1.25
