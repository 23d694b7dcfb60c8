namespace Acme.Model;

public sealed record Customer(int Id, string Name, string Email)
{
    public bool HasValidEmail => Email.Contains('@') && Email.IndexOf('@') < Email.Length - 1;
}
