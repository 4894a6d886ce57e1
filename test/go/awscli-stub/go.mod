module github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2

go 1.18
