var client = new Adoption.Client.Client();
client.Publish("sensors/1", "21.5");
Console.WriteLine($"{client.PendingBytes} bytes pending");
