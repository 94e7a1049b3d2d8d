global using ForwardEmail.Dashboard.Core.Domain;
